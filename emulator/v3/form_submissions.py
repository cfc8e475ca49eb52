"""Form submissions: list, create, update, ignored fields; and the forms summary."""
from emulator.domain import form_capture, form_submissions, form_summary, form_updates
from emulator.engine.collection import list_collection
from emulator.v3 import body, route, scope

RESOURCE = form_submissions.RESOURCE
UPDATE_FIELDS = [f for f in RESOURCE.default_fields if f != "customer_email"]


@route("/a/<account_id>/form_submissions")
def list_form_submissions(account_id):
    s = scope(account_id)
    return list_collection(s, RESOURCE, s.args)


@route("/a/<account_id>/form_submissions", methods=["POST"], status=201)
def create_form_submission(account_id):
    s = scope(account_id)
    # The response has the fields of the doc's "Creating a form submission" table.
    return form_submissions.render(s, form_capture.create(s, body()), form_submissions.CREATE_FIELDS)


@route("/a/<account_id>/form_submissions/<form_submission_id>", methods=["PUT"])
def update_form_submission(account_id, form_submission_id):
    s = scope(account_id)
    # The response has the fields of the doc's "Updating a Form Submission" table.
    return form_submissions.render(s, form_updates.change(s, form_submission_id, body()), UPDATE_FIELDS)


@route("/a/<account_id>/form_submissions/ignored_fields", methods=["POST"], status=201)
def ignore_form_fields(account_id):
    return form_capture.ignore_fields(scope(account_id), body())


@route("/a/<account_id>/forms/summary")
def summarize_forms(account_id):
    s = scope(account_id)
    return form_summary.summary(s, s.args)
