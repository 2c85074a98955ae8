BBBB BBBB gettext(u'Confirm your e-mail address') 
