"""The web application: `luoshi.web.app.create_app`."""
