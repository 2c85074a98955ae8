BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Create an account') BBBBBBBB
BBBBB BBBBBBB gettext(u'Create an account') BBBBBBBB
BBBBB BBBBBXXX gettext(u'An account lets you register your workshop, keep its profile up to date and see what its users say.') XXXXBBBBBBBB
BBBBB BBBBBB gettext(u'Create my account') BBBBBBBB
BBBBB BBBBBXXX gettext(u'Already have an account?')  XX XXXXXXBBB BBBBBBBBBBBBBBBBXX gettext(u'Log in') XXXXXXXXBBBBBBBB
