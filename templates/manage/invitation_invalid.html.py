BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'This invitation does not work') BBBBBBBB
BBBBB BBBBBBBXXXX XXXXXXXXXXXXXXXXXXX gettext(u'This invitation does not work') XXXXX
XXX gettext(u"It was already accepted, or it has expired (after 14 days). Ask the workshop's managers for a new one.") XXXXXXXXXXBBBBBBBB
