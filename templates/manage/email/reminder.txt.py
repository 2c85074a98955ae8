BBBB BBBB gettext(u'Hello,') 

 gettext(u'Nobody has confirmed the profile of %(name)s on the AFN Directory for eleven months. People choose a workshop from its hours, machines and address: please check them, and press “My information is still accurate” if nothing changed:') SSSSSS SSS SSSSSSSSS SSS SSSSSSS SS SSSSSSSS SS SSS SSS SSSSSSSSS SSS SSSSSS SSSSSSS SSSSSS SSSSSS S SSSSSSSS SSSS SSS SSSSSS SSSSSSSS SSS SSSSSSSS SSSSSS SSSSS SSSSS SSS SSSSS SSS SSSSSSSSSSS SS SSSSS SSSSSSSSS SS SSSSSSS SSSSSSSS


