BBBB BBBB gettext(u'Hello,') 

BB BBBBBBBBBBBBBBB BB BBBBBBBBB gettext(u'%(name)s is now published in the AFN Directory. Its public page:') SSSSSSSS SS SSS SSSSSSSSS SS SSS SSS SSSSSSSSSS SSS SSSSSS SSSSSBBBB BBBBBBBBBBBBBBB BB BBBBBBBB gettext(u'The moderators did not accept %(name)s in the AFN Directory. Their reason:') SSS SSSSSSSSSS SSS SSS SSSSSS SSSSSSSS SS SSS SSS SSSSSSSSSS SSSSS SSSSSSS



 gettext(u'You can correct the profile and submit it again:') BBBB gettext(u'The moderators need more information about %(name)s before publishing it:') SSS SSSSSSSSSS SSSS SSSS SSSSSSSSSSS SSSSS SSSSSSSS SSSSSS SSSSSSSSSS SSS



 gettext(u'Complete the profile, then submit it again:') BBBBB


