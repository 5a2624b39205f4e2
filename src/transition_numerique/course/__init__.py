"""What the course says: the chapter registry (:mod:`.chapters`), the question banks (:mod:`.bank`)
and the bilan's action catalogue (:mod:`.actions`)."""
