BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Too many attempts') BBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXX
  XXXX gettext(u'Too many attempts') XXXXX
  XXX ngettext(u'Please try again in %(minutes)s minute.', u'Please try again in %(minutes)s minutes.', count) SSSSSS SSS SSSSS SS SSSSSSSSSSS SSSSSSSPPPPPP PPP PPPPP PP PPPPPPPPPPP PPPPPPPPXXXX
XXXXXX
BBBBBBBB
