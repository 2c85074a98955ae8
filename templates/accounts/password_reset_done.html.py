BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Check your inbox') BBBBBBBB
BBBBB BBBBBBBXXXX XXXXXXXXXXXXXXXXXXX gettext(u'Check your inbox') XXXXX
XXX gettext(u'If an account uses this address, a link to choose a new password is on its way.') XXXXXXXXXXBBBBBBBB
