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
 * logged-in user (admin or viewer), and a browser without one is redirected to {@value #LOGIN_PAGE}. The page posts
 * user and password to {@value #LOGIN_PATH}; when the admin API accepts them ({@link ApiLogin}) the user is logged
 * in for the HTTP session ({@link AutoApplySession}) and {@link LoginServlet} sends the browser to the console,
 * otherwise back to the page with {@code ?failed}. Stateless.
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
        String user = request.getParameter("user");
        String password = request.getParameter("password");
        if (user == null || password == null) return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
        Optional<String> role;
        try {
            role = ApiLogin.roleOf(request, user, password);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot check a console login with the admin API", e);
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?unavailable");
        }
        return role.map(name -> context.notifyContainerAboutLogin(user, Set.of(name)))
                .orElseGet(() -> context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed"));
    }
}
