"""The course inside a training organisation's LMS: the question banks exported to Moodle's own quiz
engine (:mod:`.moodle_xml`, :mod:`.gift`, written by ``python -m transition_numerique export``), and the
trainee edition packaged as SCORM 1.2 (:mod:`.scorm`, ``python -m transition_numerique scorm``), whose
pages report to the LMS through the book's ``tn/scorm.js``."""
