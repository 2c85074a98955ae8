BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Change my password') BBBBBBBB
BBBBB BBBBBBB gettext(u'Change my password') BBBBBBBB
BBBBB BBBBBB gettext(u'Save my new password') BBBBBBBB
