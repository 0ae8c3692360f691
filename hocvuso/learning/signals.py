"""What learning tells higher apps (certificates connect to it)."""

from django.dispatch import Signal

# Sent inside the transaction when a learner first reaches "Đạt chuẩn kỹ năng số cơ bản".
# Arguments: user, route ("mastery" or "final"), reached (the StandardReached row).
basic_skills_reached = Signal()

# Sent inside the transaction when a learner's quiz of a course reaches the pass mark.
# Arguments: user, course, submission.
course_quiz_passed = Signal()

# Sent inside the transaction when an officer's decision took the standard away again.
# Arguments: user.
standard_withdrawn = Signal()
