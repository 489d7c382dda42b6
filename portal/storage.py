"""Production static files storage: WhiteNoise's compressed manifest storage, which also
fingerprints the paths our JavaScript modules import.

Django rewrites `import ... from "..."` only in `*.js` files, and only when asked
(`support_js_module_import_aggregation`). Our modules are `*.mjs`, so without this a module
would import NHS.UK frontend by its plain name: served, but not for keeping, and after an
upgrade a browser could pair this release's module with last release's copy. The rewrite is
applied to our `.mjs` modules only: NHS.UK frontend's own minified `.js` is one bundle with no
relative imports, and rewriting minified code invites false matches. The patterns are
Django's own (a private attribute: should an upgrade rename it, start-up fails, and so do the
tests in tests/portal/test_static_files.py).
"""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage

_, MODULE_IMPORTS = HashedFilesMixin._js_module_import_aggregation_patterns


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", MODULE_IMPORTS))
