BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Claim %(name)s') SSSSS SSSSSSSSBBBBBBBB
BBBBB BBBBBBB gettext(u'Claim %(name)s') SSSSS SSSSSSSSBBBBBBBB
BBBBB BBBBB
XXX gettext(u'You run this workshop and want to keep its profile up to date? Tell the moderators who you are; once they agree, you manage it.') XXXX
BB BBBBBBBXX XXXXXXXXXXXXXXXX gettext(u'Your claim is already sent (%(state)s). You can complete it below.') SSSS SSSSS SS SSSSSSS SSSS SSSSSSSSSSSS SSS SSS SSSSSSSS SS SSSSSSBB BBBBBBBBBBBBBBBBBBBBBBB  gettext(u'The moderators wrote:')  X  XBBBBBXXXXBBBBB
BB BBBBBBBBBBBBBBBBXXX gettext(u"The workshop's website is %(website)s.") SSS SSSSSSSSSS SSSSSSS SS SSSSSSSSSSSSXXXXBBBBB
BBBBBBBB
BBBBB BBBBBB gettext(u'Send my claim') BBBBBBBB
