BBBB BBBB gettext(u'Your report about %(name)s') SSSS SSSSSS SSSSS SSSSSSSS
