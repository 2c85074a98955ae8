BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'This link does not work') BBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXX
  XXXX gettext(u'This link does not work') XXXXX
  XXX gettext(u'The confirmation link is invalid, has expired (after three days) or was already used.') XXXX
  XXXXX XXXXXXBBB BBBBBBBBBBBBBBBBXX gettext(u'Log in') XXXX X  gettext(u'if your account is not confirmed yet, logging in sends you a new link.') XXXX
XXXXXX
BBBBBBBB
