BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Report a problem')  X BBBBBBBB
BBBBB BBBBBBB gettext(u'Report a problem with %(name)s') SSSSSS S SSSSSSS SSSS SSSSSSSSBBBBBBBB
BBBBB BBBBBXXX gettext(u'Tell us what is wrong on this page; a moderator checks it and corrects the directory.') XXXXBBBBBBBB
BBBBB BBBBBB gettext(u'Send the report') BBBBBBBB
BBBBB BBBBBXXXXX XXXXXXXX gettext(u'Back to the workshop') XXXXXXXXBBBBBBBB
