BBBB BBBB gettext(u'Your claim on %(name)s') SSSS SSSSS SS SSSSSSSS
