from starlette.requests import Request


# A middleware opens the request's session; the provider only hands it out. No async
# twin can be written beside it, so nothing may depend on one.
def get_db(request: Request):
    return request.state.db
