BBBB BBBB gettext(u'Choose a new password') 
