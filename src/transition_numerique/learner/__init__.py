"""The trainee's side: the progress store, results, exports and imports (:mod:`.progress`), the
widgets started from it (:mod:`.home`) and the bilan (:mod:`.bilan`)."""
