"""Error pages that say what happened, in the site's layout, with the right status."""
from flask import request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException

from tenants.rendering import render

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have access to this page.",
    404: "There is nothing at this address. Check the link, or start again from the home page.",
    405: "This page cannot be used that way.",
    413: "That upload is too large.",
    429: "Too many requests. Wait a little and try again.",
}


class NulCharacter(BadRequest):
    """A NUL character in the address, the query string or a form's text."""
    sentence = ("This request contains a NUL character (\\0), which no text here may hold "
                "(nobody types one; a tool must have added it). Remove it and send it again.")


def refuse_nul_characters():
    """Refuse, not strip: PostgreSQL stores no NUL in text, and quietly dropping one would
    change what was sent (a password, an address) into something the sender never saw.
    Uploaded files are bytes, and are left alone."""
    texts = [request.path, *request.args.keys(), *request.args.values(),
             *request.form.keys(), *request.form.values()]
    if any("\0" in text for text in texts):
        raise NulCharacter()


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render("errors/error.html", title="Form expired",
                      message="This form was open too long or came from another site. "
                              "Go back, reload the page and try again.", status=400)

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render("errors/error.html", title=f"{error.code} {error.name}",
                      message=getattr(error, "sentence", None) or MESSAGES.get(error.code, error.description),
                      status=error.code)
