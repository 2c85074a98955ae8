BBBB BBBB gettext(u'Hello,') 

 gettext(u'Someone, probably you, tried to create an account on the AFN Directory with this address, which already has one. If you forgot your password, choose a new one here:') 



 gettext(u'If it was not you, ignore this message.') 
