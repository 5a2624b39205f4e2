"""Course data that is not a sourced figure: the bilan's action catalogue (:mod:`.actions`)."""
