BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Choose a new password') BBBBBBBB
BBBBB BBBBBBB gettext(u'Choose a new password') BBBBBBBB
BBBBB BBBBBBBBB BBBBBBBBBBBBB
XXXX XXXXXXXXXXXXXXXXXXX gettext(u'This link does not work') XXXXX
XXX gettext(u'The link is invalid or was already used.')  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Ask for a new one') XXXXXXXXXXXXXX
BBBBBBBBBBBBB
BBBBB BBBBBB gettext(u'Save my new password') BBBBBBBB
