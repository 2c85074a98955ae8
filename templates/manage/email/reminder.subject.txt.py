BBBB BBBB gettext(u'Is the profile of %(name)s still accurate?') SS SSS SSSSSSS SS SSSSSSSS SSSSS SSSSSSSSS
