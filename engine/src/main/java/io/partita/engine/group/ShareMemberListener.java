package io.partita.engine.group;

/**
 * Told when a member of a share group stops consuming under its member id: it left (epoch -1), its session timed
 * out, or it joined again (epoch 0) and so abandoned what it had. Partition leaders know share consumers only by the
 * member id of their share sessions; this is how they learn to release the records such a member still holds.
 *
 * <p>Called on the group coordinator's thread, after the change is stored: implementations must not block.
 */
@FunctionalInterface
public interface ShareMemberListener {

    void memberGone(String groupId, String memberId);
}
