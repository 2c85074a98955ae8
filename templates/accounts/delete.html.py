BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Delete my account') BBBBBBBB
BBBBB BBBBBBB gettext(u'Delete my account') BBBBBBBB
BBBBB BBBBB
XXX gettext(u'Your account, your name and your e-mail address are deleted. You stop managing your workshops; their profiles stay in the directory, and their history shows your past changes as made by a deleted user.') XXXX
XXX gettext(u'This cannot be undone.') XXXX
BBBBBBBB
BBBBB BBBBBB gettext(u'Delete my account for good') BBBBBBBB
BBBBB BBBBBXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBXX gettext(u'Cancel') XXXXXXXXBBBBBBBB
