BBBB BBBB gettext(u'Hello,') 

 gettext(u'To choose a new password for your AFN Directory account, open this link:') 

XXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBBBBBBBB BBBBBBBBBBB

 gettext(u'If you did not ask for this, ignore this message: your password stays the same.') 
