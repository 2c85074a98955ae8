BBBB BBBB gettext(u'Manage %(name)s on the AFN Directory') SSSSSS SSSSSSSS SS SSS SSS SSSSSSSSS
