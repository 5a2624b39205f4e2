"""The trainer's side: the team picture built from the trainees' exports (:mod:`.equipe`)."""
