BBBB BBBB gettext(u'Hello,') 

 gettext(u'Someone asked to manage %(name)s on the AFN Directory and gave this address as proof. If it was you, open this link (valid for seven days):') SSSSSSS SSSSS SS SSSSSS SSSSSSSS SS SSS SSS SSSSSSSSS SSS SSSS SSSS SSSSSSS SS SSSSSS SS SS SSS SSSS SSSS SSSS SSSS SSSSSS SSS SSSSS SSSSSS



 gettext(u'If it was not you, ignore this message.') 
