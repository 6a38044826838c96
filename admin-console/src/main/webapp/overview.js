'use strict';
/* The overview (#/overview, also the page for an unknown route): the cluster's nodes and this node's traffic. */
async function overview() {
  const [cluster, traffic] = await Promise.all([Api.get('/cluster'), Api.get('/node/traffic')]);
  view.innerHTML = `
    <h1>Cluster <span class="muted">${esc(cluster.clusterId)}</span></h1>
    <div class="grid">
      <div class="stat"><b id="stat-nodes">${cluster.nodes.length}</b><span>nodes</span></div>
      <div class="stat"><b id="stat-controller">${cluster.controllerId}</b><span>controller</span></div>
      <div class="stat"><b id="stat-topics">${cluster.topics}</b><span>topics</span></div>
      <div class="stat"><b id="stat-partitions">${cluster.partitions}</b><span>partitions</span></div>
      <div class="stat"><b id="stat-under-replicated">${cluster.underReplicated}</b><span>under-replicated</span></div>
    </div>
    <h2>Nodes <a class="muted" href="#/brokers">(disk use, configs)</a></h2>
    <table id="nodes"><thead><tr><th>Node</th><th>Kafka listener</th><th>Rack</th><th>Role</th>
      <th class="num">Replicas</th><th class="num">Leaders</th></tr></thead><tbody>
      ${cluster.nodes.map(n => `<tr><td><a href="#/brokers/${n.id}">${n.id}</a></td><td><code>${esc(n.host)}:${n.port}</code></td><td>${esc(n.rack || '—')}</td>
        <td>${n.controller ? 'controller' : ''}</td><td class="num">${n.replicas}</td><td class="num">${n.leaders}</td></tr>`).join('')}
    </tbody></table>
    <h2>Records produced per second to node ${traffic.nodeId}</h2>
    <div class="card"><svg id="throughput" class="chart"></svg></div>`;
  followHistory(new TimeChart($('#throughput'), 'records/s'), '/node/history', 'recordsIn');
}

pages.overview = () => overview();
