"""What the build does on the way: the concept pages run beside the examples, the
examples' reset and scraper, math as MathML and its font, lean figures, accessible
headings, the build's stamp."""
