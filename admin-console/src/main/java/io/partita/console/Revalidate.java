package io.partita.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Makes browsers ask again for every file of the console rather than reuse a copy (they may still keep one, and get
 * it confirmed unchanged): without it a browser may show the console's pages from its cache after logging out, when
 * the server would send it to the login page. Stateless.
 */
@WebFilter("/*")
public class Revalidate extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
