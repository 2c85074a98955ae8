BBBB BBBB gettext(u'Hello,') 

BB BBBBBBBBBBBBBBB BB BBBBBBBBB gettext(u'Thank you: the problem you reported about %(name)s is corrected.') SSSSS SSSS SSS SSSSSSS SSS SSSSSSSS SSSSS SSSSSSSS SS SSSSSSSSSSBBBB gettext(u'Thank you for your report about %(name)s. The moderators checked it and changed nothing.') SSSSS SSS SSS SSSS SSSSSS SSSSS SSSSSSSSS SSS SSSSSSSSSS SSSSSSS SS SSS SSSSSSS SSSSSSSSBBBBB
BB BBBBBBBBBBBBBBB

BBBBB

