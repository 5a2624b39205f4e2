"""The course inside a training organisation's LMS: the question banks exported to Moodle's own quiz
engine (:mod:`.moodle_xml`, :mod:`.gift`, written by ``python -m transition_numerique export``)."""
