package io.partita.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's login: the login page and what it needs are open (see web.xml); every other resource needs a
 * logged-in user (admin or viewer), and a browser without one is redirected to {@value #LOGIN_PAGE}. The page opens a
 * session of the admin API with the user's password and posts that session's token to {@value #LOGIN_PATH}; when the
 * API accepts the token ({@link ApiLogin}) its user is logged in for the HTTP session ({@link AutoApplySession}) and
 * {@link LoginServlet} sends the browser to the console, otherwise back to the page with {@code ?failed}. The password
 * never comes here. Stateless.
 */
@ApplicationScoped
@AutoApplySession
public class ConsoleLogin implements HttpAuthenticationMechanism {

    static final String LOGIN_PAGE = "/login.html";
    static final String LOGIN_PATH = "/login";
    private static final Logger LOG = Logger.getLogger(ConsoleLogin.class.getName());

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(LOGIN_PATH) && request.getMethod().equals("POST")) return logIn(request, context);
        if (context.isProtected()) return context.redirect(request.getContextPath() + LOGIN_PAGE);
        return context.doNothing();
    }

    private static AuthenticationStatus logIn(HttpServletRequest request, HttpMessageContext context) {
        String token = request.getParameter("token");
        if (token == null || token.isBlank()) return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
        Optional<ApiLogin.Caller> caller;
        try {
            caller = ApiLogin.callerOf(request, token.strip());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot check a console login with the admin API", e);
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?unavailable");
        }
        return caller.map(who -> context.notifyContainerAboutLogin(who.name(), Set.of(who.role())))
                .orElseGet(() -> context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed"));
    }
}
