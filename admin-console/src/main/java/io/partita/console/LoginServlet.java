package io.partita.console;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Where the login page posts to: {@link ConsoleLogin} has logged the user in by then (or redirected them back),
 * so this only sends the browser on to the console. Stateless.
 */
@WebServlet(ConsoleLogin.LOGIN_PATH)
public class LoginServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + "/");
    }
}
