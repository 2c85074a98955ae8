BBBB BBBB gettext(u'Confirm your claim on %(name)s') SSSSSSS SSSS SSSSS SS SSSSSSSS
