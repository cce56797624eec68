# Correct but slow: Dijkstra that finds the closest unsettled intersection
# by scanning all of them, O(n^2).
def delivery_times(n, roads, depot):
    adj = [[] for _ in range(n)]
    for u, v, w in roads:
        adj[u].append((v, w))
        adj[v].append((u, w))
    INF = 1 << 62
    dist = [INF] * n
    done = [False] * n
    dist[depot] = 0
    for _ in range(n):
        x, best = -1, INF
        for i in range(n):
            if not done[i] and dist[i] < best:
                x, best = i, dist[i]
        if x < 0:
            break
        done[x] = True
        for y, w in adj[x]:
            if best + w < dist[y]:
                dist[y] = best + w
    return [d if d < INF else -1 for d in dist]
