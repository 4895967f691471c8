"""What the pages are made of: the directives (questions, widgets, playground, the front
page's reading path), the copy button and the examples' downloads."""
