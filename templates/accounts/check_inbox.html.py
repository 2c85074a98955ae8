BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Check your inbox') BBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXX
  XXXX gettext(u'Check your inbox') XXXXX
  XXX gettext(u'We sent a message to %(email)s. Follow the link it contains to confirm your address and finish creating your account. The link is valid for three days.') SS SSSS S SSSSSSS SS SSSSSSSSSS SSSSSS SSS SSSS SS SSSSSSSS SS SSSSSSS SSSS SSSSSSS SSS SSSSSS SSSSSSSS SSSS SSSSSSSS SSS SSSS SS SSSSS SSS SSSSS SSSSSXXXX
  XXX gettext(u'Nothing after a few minutes? Look in your spam folder, or sign up again to get a new link.') XXXX
XXXXXX
BBBBBBBB
