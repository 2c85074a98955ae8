BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Address confirmed') BBBBBBBB
BBBBB BBBBBBBXXXX XXXXXXXXXXXXXXXXXXX gettext(u'Address confirmed') XXXXX
XXX gettext(u'%(email)s is confirmed as proof of your claim on %(name)s. A moderator will decide soon.') SSSSSSSSS SS SSSSSSSSS SS SSSSS SS SSSS SSSSS SS SSSSSSSSS S SSSSSSSSS SSSS SSSSSS SSSSSXXXXXXXXXXBBBBBBBB
