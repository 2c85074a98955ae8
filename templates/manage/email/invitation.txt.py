BBBB BBBB gettext(u'Hello,') 

 gettext(u'%(inviter)s invites you to manage the profile of %(name)s on the AFN Directory. Open this link (valid for %(days)s days), then log in or create an account:') SSSSSSSSSSS SSSSSSS SSS SS SSSSSS SSS SSSSSSS SS SSSSSSSS SS SSS SSS SSSSSSSSSS SSSS SSSS SSSS SSSSSS SSS SSSSSSSS SSSSSS SSSS SSS SS SS SSSSSS SS SSSSSSSS


