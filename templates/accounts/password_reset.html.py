BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Forgotten password') BBBBBBBB
BBBBB BBBBBBB gettext(u'Forgotten password') BBBBBBBB
BBBBB BBBBBXXX gettext(u'Give the e-mail address of your account: we will send you a link to choose a new password.') XXXXBBBBBBBB
BBBBB BBBBBB gettext(u'Send me a link') BBBBBBBB
