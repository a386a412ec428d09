package io.sparkplane.console.internal;

import org.jspecify.annotations.Nullable;

/** Asks for an operator's (or, when allowed, a tenant's) token and stores it as the console's cookie. Internal. */
public final class LoginPage {

  private LoginPage() {}

  public static String render(@Nullable String error, @Nullable String field) {
    Html h = new Html();
    h.raw("<h1>Sign in</h1>");
    if (error != null) {
      h.raw("<p class=\"error\" id=\"login-error\"").attr("data-field", field).raw(">").text(error).raw("</p>");
    }
    h.raw("<form method=\"post\" action=\"/ui/login\" class=\"login\">")
        .raw("<label>Token <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\" required></label>")
        .raw("<button type=\"submit\">Sign in</button></form>")
        .raw("<p class=\"note\">An operator's API token (a tenant's token works only where tenant access to")
        .raw(" the console is switched on, and shows that tenant's runs). ")
        .raw("It is kept in an HTTP-only cookie for <code>/ui</code> until you sign out.</p>");
    return Layout.page("Sign in", null, h.toString());
  }
}
