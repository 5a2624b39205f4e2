"""The course's anywidgets (:mod:`.widget`), their grading (:mod:`.grading`), safe Markdown
(:mod:`.markup`) and their front-end (``widget.js``, ``widget.css``)."""
