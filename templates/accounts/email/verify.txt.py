BBBB BBBB gettext(u'Hello,') 

 gettext(u'To confirm your e-mail address on the AFN Directory, open this link (valid for three days):') 



 gettext(u'If you did not ask for this, ignore this message: nothing will happen.') 
