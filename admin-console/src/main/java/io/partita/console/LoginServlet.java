package io.partita.console;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Where the login page posts to: {@link ConsoleLogin} has logged the user in by then (or redirected them back),
 * so this only sends the browser on to the console, at the route first asked for ({@code next}, e.g.
 * {@code #/topics/orders}) when it is one: a console route and nothing else, so no other site. Stateless.
 */
@WebServlet(ConsoleLogin.LOGIN_PATH)
public class LoginServlet extends HttpServlet {

    private static final Pattern ROUTE = Pattern.compile("#/[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*");

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        boolean route = next != null && ROUTE.matcher(next).matches();
        response.sendRedirect(request.getContextPath() + "/" + (route ? next : ""));
    }
}
