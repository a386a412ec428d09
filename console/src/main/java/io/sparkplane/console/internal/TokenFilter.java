package io.sparkplane.console.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/**
 * Lets a browser authenticate console pages without setting headers: a request under {@code /ui}
 * without an {@code Authorization} header gets {@code Authorization: Bearer <token>} from the query
 * parameter {@value #PARAM} or else the cookie {@value #COOKIE}, so the collector's own {@code
 * Authentication} decides as it does for the API. A token given as a query parameter is also set as
 * the cookie, so the links inside the pages work. Internal.
 */
public final class TokenFilter implements Filter {

  public static final String COOKIE = "sparkplane_token";
  public static final String PARAM = "token";
  private static final String AUTHORIZATION = "Authorization";

  private final boolean secureCookie;

  public TokenFilter(boolean secureCookie) {
    this.secureCookie = secureCookie;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (http.getHeader(AUTHORIZATION) != null) {
      chain.doFilter(request, response);
      return;
    }
    String fromParam = queryParam(http.getQueryString());
    String token = fromParam != null && !fromParam.isBlank() ? fromParam.trim() : cookie(http);
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    if (token.equals(fromParam == null ? null : fromParam.trim())) {
      ((HttpServletResponse) response).addHeader("Set-Cookie", setCookie(token, secureCookie));
    }
    chain.doFilter(new WithAuthorization(http, "Bearer " + token), response);
  }

  /** {@code Set-Cookie} value that stores the token for the console's pages. */
  public static String setCookie(String token, boolean secure) {
    return COOKIE
        + "="
        + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + "; Path=/ui; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** {@code Set-Cookie} value that removes the token. */
  public static String clearCookie(boolean secure) {
    return COOKIE + "=; Path=/ui; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  /**
   * Reads {@value #PARAM} from the query string only: {@code getParameter} would also read (and
   * consume) a form body, which the sign-in form's handler needs.
   */
  static @Nullable String queryParam(@Nullable String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (PARAM.equals(URLDecoder.decode(name, StandardCharsets.UTF_8))) {
        return eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static @Nullable String cookie(HttpServletRequest http) {
    Cookie[] cookies = http.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
        return URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The request with an added {@code Authorization} header. */
  private static final class WithAuthorization extends HttpServletRequestWrapper {
    private final String authorization;

    WithAuthorization(HttpServletRequest request, String authorization) {
      super(request);
      this.authorization = authorization;
    }

    @Override
    public @Nullable String getHeader(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return AUTHORIZATION.equalsIgnoreCase(name)
          ? Collections.enumeration(java.util.List.of(authorization))
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      java.util.List<String> names = Collections.list(super.getHeaderNames());
      names.add(AUTHORIZATION);
      return Collections.enumeration(names);
    }
  }
}
