"""« Les défis de la transition numérique » : the code the course notebooks call."""
