// Runs first in <body>, before anything is drawn, so NHS.UK frontend's JavaScript styles apply
// without a flash. A file rather than an inline script: pages then hold no per-response nonce.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
