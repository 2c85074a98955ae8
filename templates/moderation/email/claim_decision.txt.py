BBBB BBBB gettext(u'Hello,') 

BB BBBBBBBBBBBBBBB BB BBBBBBBBB gettext(u'Your claim is accepted: you now manage %(name)s.') SSSS SSSSS SS SSSSSSSSS SSS SSS SSSSSS SSSSSSSSSBBBB BBBBBBBBBBBBBBB BB BBBBBBBB gettext(u"Your claim on %(name)s was not accepted. The moderators' reason:") SSSS SSSSS SS SSSSSSSS SSS SSS SSSSSSSSS SSS SSSSSSSSSSS SSSSSSS

BBBB gettext(u'The moderators need more information about your claim on %(name)s:') SSS SSSSSSSSSS SSSS SSSS SSSSSSSSSSS SSSSS SSSS SSSSS SS SSSSSSSSS

BBBBB


